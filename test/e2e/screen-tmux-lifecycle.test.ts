// The terminal is given back as it was on every way out (q, SIGTERM, SIGHUP, Ctrl+C, Ctrl+Z + fg): stty, cursor, normal screen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tmux } from '../helpers/tmux.js';
import { keptPaneScript, sh, sleep, wiretopCommand, writeReplayCapture } from './e2e-fixtures.js';
import { scratchDir } from '../helpers/scratch-dir.js';

let tmux: Tmux;
let capture: string;

before(() => {
  tmux = new Tmux();
  capture = writeReplayCapture().path;
});

after(() => tmux?.kill());

interface Run {
  readonly name: string;
  readonly dir: string;
  pid(): number;
  file(name: string): string;
  done(): Promise<number>;
}

/** wiretop -r in a pane that records the terminal settings before and after (keptPaneScript). */
async function startRun(name: string): Promise<Run> {
  const dir = scratchDir('wt-life-');
  writeFileSync(join(dir, 'run.sh'), keptPaneScript(dir, wiretopCommand(['-r', capture, '-n', '-N'])));
  tmux.start(name, 100, 30, `sh ${sh(join(dir, 'run.sh'))}`);
  await tmux.waitFor(name, 'the wiretop screen', (c) => c.text[0]!.startsWith(' End of file') && c.text[27]!.startsWith('TX:'));
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    name, dir,
    pid: () => Number(read('pid')),
    file: read,
    done: async () => {
      for (let i = 0; i < 200 && !existsSync(join(dir, 'status')); i++) await sleep(50);
      assert.ok(existsSync(join(dir, 'status')), `wiretop in ${name} did not end`);
      return Number(read('status'));
    },
  };
}

/** After wiretop ended: same stty settings, cursor visible, normal screen with what was there before. */
async function assertRestored(r: Run): Promise<void> {
  assert.equal(r.file('after'), r.file('before'), 'stty -g as before');
  assert.equal(r.file('after-a'), r.file('before-a'), 'stty -a as before');
  const c = await tmux.waitFor(r.name, 'the normal screen', (x) => x.text.some((l) => l.startsWith('AFTER-WIRETOP-MARKER')));
  assert.ok(c.text.some((l) => l.startsWith('BEFORE-WIRETOP-MARKER')), 'the normal screen keeps its content');
  assert.ok(!c.text.some((l) => l.startsWith('TX:')), 'no wiretop frame left on the normal screen');
  assert.equal(tmux.display(r.name, '#{alternate_on} #{cursor_flag}'), '0 1', 'normal screen, cursor visible');
}

test('q: status 0, terminal restored', async () => {
  const r = await startRun('quit');
  tmux.keys(r.name, 'q');
  assert.equal(await r.done(), 0);
  await assertRestored(r);
});

test('SIGTERM: status 143 (128 + 15), terminal restored (iftop leaves it raw)', async () => {
  const r = await startRun('term');
  process.kill(r.pid(), 'SIGTERM');
  assert.equal(await r.done(), 143);
  await assertRestored(r);
});

test('SIGHUP: status 129 (128 + 1), terminal restored', async () => {
  const r = await startRun('hup');
  process.kill(r.pid(), 'SIGHUP');
  assert.equal(await r.done(), 129);
  await assertRestored(r);
});

test('Ctrl+C typed in the terminal: status 0 as iftop, terminal restored', async () => {
  const r = await startRun('ctrl-c');
  tmux.keys(r.name, 'C-c');
  assert.equal(await r.done(), 0);
  await assertRestored(r);
});

test('Ctrl+Z: suspended with the terminal restored; SIGCONT brings the screen back redrawn; then q', async () => {
  const r = await startRun('ctrl-z');
  const tty = tmux.display(r.name, '#{pane_tty}');
  tmux.keys(r.name, 'C-z');
  await tmux.waitFor(r.name, 'the normal screen while suspended', () => tmux.display(r.name, '#{alternate_on}') === '0');
  const state = readFileSync(`/proc/${r.pid()}/stat`, 'utf8').split(') ')[1]?.[0];
  assert.equal(state, 'T', 'wiretop is stopped');
  assert.equal(execFileSync('stty', ['-F', tty, '-g'], { encoding: 'utf8' }), r.file('before'), 'stty as before while suspended');
  assert.equal(tmux.display(r.name, '#{cursor_flag}'), '1', 'cursor visible while suspended');
  process.kill(r.pid(), 'SIGCONT');
  const c = await tmux.waitFor(r.name, 'the screen redrawn after SIGCONT', (x) =>
    tmux.display(r.name, '#{alternate_on}') === '1' && x.text[27]!.startsWith('TX:') && x.text[26] === '─'.repeat(100));
  assert.match(c.text[2]!, /^198\.51\.100\.20 +=> /);
  tmux.keys(r.name, 'q');
  assert.equal(await r.done(), 0);
  await assertRestored(r);
});

test('Ctrl+Z and fg in an interactive bash: "Stopped", then fg redraws the screen; q returns 0', async () => {
  const name = 'bash-fg';
  tmux.start(name, 100, 30, 'env -i PATH=/usr/bin:/bin HOME=/tmp TERM=screen PS1=\'$ \' bash --norc --noprofile -i');
  await tmux.waitFor(name, 'the bash prompt', (c) => c.text.some((l) => l.startsWith('$')));
  const saved = sh(join(scratchDir('wt-fg-'), 'stty'));
  tmux.type(name, `stty -g > ${saved}; ` + wiretopCommand(['-r', capture, '-n', '-N']));
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, 'the wiretop screen', (c) => c.text[27]!.startsWith('TX:'));
  tmux.keys(name, 'C-z');
  await tmux.waitFor(name, 'bash reporting the stopped job', (c) => c.text.some((l) => /Stopped/.test(l)));
  assert.equal(tmux.display(name, '#{alternate_on} #{cursor_flag}'), '0 1');
  tmux.type(name, 'fg');
  tmux.keys(name, 'Enter');
  await tmux.waitFor(name, 'the screen redrawn after fg', (c) =>
    tmux.display(name, '#{alternate_on}') === '1' && c.text[27]!.startsWith('TX:') && c.text[1]!.startsWith('└'));
  tmux.keys(name, 'q');
  await tmux.waitFor(name, 'the prompt again', () => tmux.display(name, '#{alternate_on}') === '0');
  tmux.type(name, `echo "status=$?"; if stty -g | cmp -s - ${saved}; then echo stty=same; else echo stty=changed; fi`);
  tmux.keys(name, 'Enter');
  const c = await tmux.waitFor(name, 'the status line', (x) => x.text.some((l) => l.startsWith('stty=')));
  assert.ok(c.text.some((l) => l.startsWith('status=0')), c.text.join('\n'));
  assert.ok(c.text.some((l) => l.startsWith('stty=same')), c.text.join('\n'));
});
