// The user-switchable display state that shapes aggregation and sorting (iftop's options the keys toggle).

export type PortDisplay = 'off' | 'source-only' | 'destination-only' | 'on';
export type LineDisplay = 'two-line' | 'one-line-both' | 'one-line-sent' | 'one-line-received';
export type SortOrder = '2s' | '10s' | '40s' | 'source' | 'destination';

export const PORT_DISPLAYS: readonly PortDisplay[] = ['off', 'source-only', 'destination-only', 'on'];
export const LINE_DISPLAYS: readonly LineDisplay[] = ['two-line', 'one-line-both', 'one-line-sent', 'one-line-received'];
export const SORT_ORDERS: readonly SortOrder[] = ['2s', '10s', '40s', 'source', 'destination'];

/** State read by analyse(); the UIs change it through keys. */
export interface ViewOptions {
  hideSource: boolean;
  hideDestination: boolean;
  portDisplay: PortDisplay;
  lineDisplay: LineDisplay;
  sort: SortOrder;
  /** `o`: keep the current lines and their order; new flows get no line. */
  frozen: boolean;
}

export function defaultViewOptions(): ViewOptions {
  return {
    hideSource: false,
    hideDestination: false,
    portDisplay: 'off',
    lineDisplay: 'two-line',
    sort: '10s',
    frozen: false,
  };
}
