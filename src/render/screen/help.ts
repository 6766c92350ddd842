// The help screen (`h`/`?`), laid out as iftop's, without the shell escape it advertises.
import type { Canvas } from './canvas.js';

const LEFT = [
  'Host display:',
  ' n - toggle DNS host resolution',
  ' s - toggle show source host',
  ' d - toggle show destination host',
  ' t - cycle line display mode',
  '',
  'Port display:',
  ' N - toggle service resolution',
  ' S - toggle show source port',
  ' D - toggle show destination port',
  ' p - toggle port display',
  '',
  'Sorting:',
  ' 1/2/3 - sort by 1st/2nd/3rd column',
  ' < - sort by source name',
  ' > - sort by dest name',
  ' o - freeze current order',
];

const RIGHT = [
  'General:',
  ' P - pause display',
  ' h - toggle this help display',
  ' b - toggle bar graph display',
  ' B - cycle bar graph average',
  ' T - toggle cumulative line totals',
  ' j/k - scroll display',
  ' f - edit filter code',
  ' l - set screen filter',
  ' L - lin/log scales',
  ' ! - shell escape (disabled)',
  ' q - quit',
  ' a - alerts view (wiretop)',
  ' c - connections view (wiretop)',
  ' x - labels and trends (wiretop)',
  ' g - traffic graphs (wiretop)',
  ' w - processes/units/containers (wiretop)',
  ' l also pid:N proc: unit: container:',
];

/** Draws the help text from `top`, stopping above `bottom`. */
export function drawHelp(c: Canvas, top: number, bottom: number, version: string): void {
  const lines = RIGHT.map((r, i) => (LEFT[i] ?? '').padEnd(39) + r).concat(['', `wiretop, version ${version}`]);
  lines.forEach((line, i) => {
    if (top + i < bottom) c.text(top + i, 0, line.trimEnd());
  });
}
