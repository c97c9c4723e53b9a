import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { coreModuleOrder, electronPackages, layers } from './layers.mjs';

const builtins = new Set(builtinModules);
const isBuiltin = (source) => source.startsWith('node:') || builtins.has(source.split('/')[0]);
const packageName = (source) =>
  source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];

/**
 * Checks every import, export-from, dynamic import and require against the importing file's layer:
 * relative imports must land in a folder the layer may use; Node built-ins and Electron packages are
 * refused where the layer forbids them. Paths are resolved, so `../../main/x` cannot slip through.
 */
export const layerImportsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer rules of docs/architecture.md §4' },
    schema: [],
    messages: {
      folder:
        "{{layer}} may not import from '{{target}}' (allowed: {{allowed}}). See docs/architecture.md §4.",
      builtin: "{{layer}} runs in a browser context and may not import the Node built-in '{{source}}'.",
      electron:
        "{{layer}} may not import '{{source}}': only electron/main, electron/preload and the poller entry touch Electron.",
      moduleOrder:
        "{{dir}} may not import from '{{target}}': it sits below {{below}}. See docs/architecture.md (core modules).",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split('\\').join('/');
    const layer = layers.find((candidate) => file.startsWith(candidate.dir));
    if (!layer) return {};
    const order = coreModuleOrder.find((candidate) => file.startsWith(candidate.dir));

    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const target = relative(root, resolve(dirname(context.filename), source))
          .split('\\')
          .join('/');
        if (!layer.mayImport.some((allowed) => target === allowed || target.startsWith(allowed))) {
          context.report({
            node,
            messageId: 'folder',
            data: { layer: layer.name, target, allowed: layer.mayImport.join(', ') },
          });
        }
        if (order?.mayNotImport.some((below) => target.startsWith(below))) {
          context.report({
            node,
            messageId: 'moduleOrder',
            data: { dir: order.dir, target, below: order.mayNotImport.join(' and ') },
          });
        }
        return;
      }
      if (isBuiltin(source)) {
        if (!layer.nodeBuiltins)
          context.report({ node, messageId: 'builtin', data: { layer: layer.name, source } });
        return;
      }
      if (!layer.electron && electronPackages.includes(packageName(source))) {
        context.report({ node, messageId: 'electron', data: { layer: layer.name, source } });
      }
    };

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export const synthexPlugin = { rules: { 'layer-imports': layerImportsRule } };
