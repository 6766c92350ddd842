// Runs a python3 script with scapy (Debian python3-scapy) as an independent frame builder and dissector for tests.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';

/**
 * Debian's interpreter, where python3-scapy installs: a python3 earlier on PATH (pyenv, a venv)
 * may not have scapy. A missing interpreter or module FAILS the calling test, never skips it.
 */
const PYTHON = '/usr/bin/python3';

/** Runs `script` (which may `from scapy.all import *`) and returns its stdout lines. */
export function runScapy(script: string): string[] {
  const result = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) assert.fail(`${PYTHON} could not be run (${result.error.message}): apt-get install python3-scapy`);
  if (/No module named 'scapy'/.test(result.stderr)) assert.fail('scapy is not installed: apt-get install python3-scapy');
  assert.equal(result.status, 0, `the scapy script failed: ${result.stderr}`);
  const lines = result.stdout.split('\n');
  lines.pop();
  return lines;
}
