// What the numbers were measured on: CPU, cores, RAM, kernel, Node, libpcap and tool versions.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { firstLine, NODE, ROOT, WIRETOP } from './measure.js';

/**
 * The commit the measured build came from, and any src/ files changed since (other work may be under
 * way). A private build (/tmp/wt-bench) links node_modules to the repository, which is how it is found.
 * Read-only: --no-optional-locks keeps git status from rewriting the index.
 */
function sourceState(): string {
  const repo = existsSync(join(ROOT, '.git')) ? ROOT : dirname(realpathSync(join(ROOT, 'node_modules')));
  // trimEnd only: porcelain lines start with a space (" M src/…"), which slice(3) below relies on.
  const git = (args: string[]) => spawnSync('git', ['--no-optional-locks', '-C', repo, ...args], { encoding: 'utf8' }).stdout?.trimEnd() ?? '';
  const head = git(['log', '-1', '--format=%h %s']);
  if (head === '') return 'unknown (not a git checkout)';
  const dirty = git(['status', '--porcelain', '--', 'src']).split('\n').filter((l) => l !== '').map((l) => l.slice(3));
  return `${head.length > 70 ? `${head.slice(0, 69)}…` : head}${dirty.length > 0 ? ` + uncommitted changes in ${dirty.join(', ')}` : ''}`;
}

export function machineMarkdown(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? '?';
  const rows: [string, string][] = [
    ['CPU', `${model} (${cpus().length} cores seen by Linux)`],
    ['RAM', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['kernel', release()],
    ['OS', /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '?'],
    ['Node', process.version],
    ['wiretop', `${firstLine(NODE, [WIRETOP, '--version'])}, built from ${sourceState()}`],
    ['libpcap', firstLine('tcpdump', ['--version'], /^libpcap/)],
    ['tcpdump', firstLine('tcpdump', ['--version'], /^tcpdump/)],
    ['tshark', firstLine('tshark', ['--version'], /^TShark/)],
    ['tcpreplay', firstLine('tcpreplay', ['-V'], /^tcpreplay version/)],
    ['iftop', firstLine('iftop', ['-h'], /^iftop, version/)],
  ];
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)].join('\n');
}
