// ESLint rule: keeps imports inside the package graph. A file may import another workspace
// package only if its own package.json declares it (devDependencies only from tests) and the
// layer order allows it, never through that package's src/ (deep imports), and a relative
// import may not leave the file's own package.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Layer order: a package may import only packages on an earlier layer. */
const LAYERS = ['tensor', 'autograd', 'cells', 'architectures', 'training'];
/** Packages outside the chain: what they may import, and whether others may import them. */
const OPEN = new Set(['viz']);
const PRIVATE = new Set(['test-utils']);

const manifests = new Map();

function packageRoot(file) {
  let directory = dirname(file);
  while (directory !== dirname(directory)) {
    if (existsSync(join(directory, 'package.json')) && existsSync(join(directory, 'src')))
      return directory;
    directory = dirname(directory);
  }
  return undefined;
}

function manifest(root) {
  if (!manifests.has(root))
    manifests.set(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  return manifests.get(root);
}

const shortName = (name) => name.replace(/^@unroll\//, '');
const isTest = (file) => /\.test(-d)?\.ts$|test-env\.d\.ts$|[/\\]test[/\\]/.test(file);

function check(context, node, source) {
  const file = context.filename;
  const root = packageRoot(file);
  if (root === undefined) return;
  const own = manifest(root);
  if (source.startsWith('.')) {
    const target = resolve(dirname(file), source);
    if (relative(root, target).startsWith('..')) {
      context.report({
        node,
        message: `'${source}' reaches outside ${own.name}. Import the other package by name through its public entry instead.`,
      });
    }
    return;
  }
  const match = /^(@unroll\/[^/]+)(\/.*)?$/.exec(source);
  if (match === null) return;
  const [, target, subpath] = match;
  if (subpath !== undefined && /\/src(\/|$)/.test(subpath)) {
    context.report({
      node,
      message: `'${source}' is a deep import into ${target}'s src/. Import from '${target}' (its src/index.ts) instead.`,
    });
    return;
  }
  if (target === own.name) {
    context.report({ node, message: `${own.name} imports itself by name; use a relative import.` });
    return;
  }
  const declared = {
    ...own.dependencies,
    ...own.peerDependencies,
    ...(isTest(file) ? own.devDependencies : {}),
  };
  if (!(target in declared)) {
    context.report({
      node,
      message: `${own.name} imports ${target}, which its package.json does not declare${isTest(file) ? '' : ' in dependencies'}.`,
    });
    return;
  }
  const from = LAYERS.indexOf(shortName(own.name));
  const to = LAYERS.indexOf(shortName(target));
  const upward = from >= 0 && (OPEN.has(shortName(target)) || (to >= 0 && to >= from));
  if (upward && !(PRIVATE.has(shortName(target)) && isTest(file))) {
    context.report({
      node,
      message: `${own.name} may not import ${target}: dependencies point down (${LAYERS.join(' <- ')}; viz and the apps sit on top).`,
    });
  }
}

/** @type {import('eslint').Rule.RuleModule} */
export const packageBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the package dependency graph.' },
    schema: [],
  },
  create(context) {
    const visit = (node) => {
      if (node.source && typeof node.source.value === 'string')
        check(context, node, node.source.value);
    };
    return {
      ImportDeclaration: visit,
      ExportNamedDeclaration: visit,
      ExportAllDeclaration: visit,
      ImportExpression: (node) => {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string')
          check(context, node, node.source.value);
      },
    };
  },
};
