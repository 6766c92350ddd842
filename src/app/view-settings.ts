// The display switches a run starts with, from iftop's settings (the keys change them afterwards).
import type { Settings } from '../config/settings.js';
import type { ViewOptions } from '../core/view-options.js';

export function viewOptionsFrom(s: Settings): ViewOptions {
  return {
    hideSource: s.hideSource,
    hideDestination: s.hideDestination,
    portDisplay: s.portDisplay,
    lineDisplay: s.lineDisplay,
    sort: s.sort,
    frozen: false,
  };
}
