// Layer boundaries: outside src/adapters, src/main.ts and src/entry.ts no code imports node:*, a package or an adapter, or touches process, timers or the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { REPO } from '../helpers/run-wiretop.js';

const SRC = join(REPO, 'src');

/** The impure part: the adapters, the composition root and the command's entry. Everything else (new folders included) is pure. */
function isPure(file: string): boolean {
  const rel = relative(SRC, file).split(sep).join('/');
  return !rel.startsWith('adapters/') && rel !== 'main.ts' && rel !== 'entry.ts' && !rel.startsWith('..');
}

/** Globals that reach the outside world, the clock or the process (Math.random is checked separately). */
const FORBIDDEN_GLOBALS = new Set([
  'process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'setTimeout', 'setInterval', 'setImmediate',
  'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'performance', 'Date', 'console', 'globalThis',
  'fetch', 'crypto', 'WebSocket', 'XMLHttpRequest', 'navigator', 'structuredClone', 'Intl',
]);

/** Packages pure code may use: none so far (each would need a reason here). */
const PURE_PACKAGES = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Every boundary crossing in the pure files of a program, as "file:line: what". */
export function violations(program: ts.Program, pure: (file: string) => boolean, root: string): string[] {
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || !pure(sf.fileName)) continue;
    const where = (node: ts.Node) => `${relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const checkSpecifier = (node: ts.Node, spec: string) => {
      if (spec.startsWith('.')) {
        const target = resolve(sf.fileName, '..', spec.replace(/\.js$/, '.ts'));
        if (!pure(target)) found.push(`${where(node)}: imports ${spec}, which is outside the pure core`);
      } else if (!PURE_PACKAGES.has(spec)) {
        found.push(`${where(node)}: imports ${spec}`);
      }
    };
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
        checkSpecifier(node, node.moduleSpecifier.text);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const arg = node.arguments[0];
        if (arg !== undefined && ts.isStringLiteralLike(arg)) checkSpecifier(node, arg.text);
        else found.push(`${where(node)}: a dynamic import of a computed name`);
      } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text)) {
        const symbol = checker.getSymbolAtLocation(node);
        const declared = symbol?.declarations ?? [];
        // Only the global itself counts: a property or a local of the same name is declared in the program.
        if (declared.length > 0 && declared.every((d) => d.getSourceFile().isDeclarationFile)) {
          found.push(`${where(node)}: uses the global ${node.text}`);
        }
      } else if (ts.isPropertyAccessExpression(node) && node.getText(sf) === 'Math.random') {
        found.push(`${where(node)}: uses Math.random (not deterministic)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(REPO, 'tsconfig.json'), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, REPO).options;
}

test('the pure folders import no node:*, no package and no adapter, and touch no process, timer or clock', () => {
  const program = ts.createProgram(sourceFiles(SRC), compilerOptions());
  const found = violations(program, isPure, REPO);
  assert.deepEqual(found, [], `layer boundaries crossed:\n${found.join('\n')}`);
});

test('the check finds each kind of crossing (so an empty list above means something)', () => {
  const dir = join(SRC, 'core');
  const files: Record<string, string> = {
    [join(dir, 'bad-imports.ts')]: "import { readFileSync } from 'node:fs';\nimport koffi from 'koffi';\nimport { x } from '../adapters/host/linux-host.js';\nexport const y = [readFileSync, koffi, x];\n",
    [join(dir, 'bad-globals.ts')]: 'export const a = process.pid;\nexport const b = Date.now();\nexport function c() { setTimeout(() => {}, 1); return Math.random(); }\nexport const d = () => import(String(a));\n',
    [join(dir, 'fine.ts')]: 'const process = { pid: 1 };\nexport const p = process.pid;\nexport const q = { Date: 1 }.Date;\n',
  };
  const options = { ...compilerOptions(), noEmit: true, types: ['node'] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (files[name] !== undefined ? ts.createSourceFile(name, files[name]!, version) : getSourceFile(name, version));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files[name] !== undefined || fileExists(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  const found = violations(program, isPure, REPO).map((v) => v.replace(/^src\/core\//, ''));
  assert.deepEqual(found, [
    'bad-imports.ts:1: imports node:fs',
    'bad-imports.ts:2: imports koffi',
    'bad-imports.ts:3: imports ../adapters/host/linux-host.js, which is outside the pure core',
    'bad-globals.ts:1: uses the global process',
    'bad-globals.ts:2: uses the global Date',
    'bad-globals.ts:3: uses the global setTimeout',
    'bad-globals.ts:3: uses Math.random (not deterministic)',
    'bad-globals.ts:4: a dynamic import of a computed name',
  ]);
});
