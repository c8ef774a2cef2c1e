import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * The field names a query selects on the nodes of the connection being resolved (`edges { node { … } }`
 * and `nodes { … }`), through fragments and aliases. Directives are ignored: a field under
 * `@include(if: false)` still counts, so the set may hold more than is needed, never less.
 */
export function connectionNodeFields(info: GraphQLResolveInfo): Set<string> {
  const out = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, onField: (name: string, sub: SelectionSetNode | undefined) => void) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === 'Field') onField(sel.name.value, sel.selectionSet);
      else if (sel.kind === 'InlineFragment') visit(sel.selectionSet, onField);
      else visit(info.fragments[sel.name.value]?.selectionSet, onField);
    }
  };
  const collectNode = (sub: SelectionSetNode | undefined) => visit(sub, (name) => out.add(name));
  for (const field of info.fieldNodes) {
    visit(field.selectionSet, (name, sub) => {
      if (name === 'nodes') collectNode(sub);
      else if (name === 'edges') visit(sub, (edgeField, nodeSub) => edgeField === 'node' && collectNode(nodeSub));
    });
  }
  return out;
}
