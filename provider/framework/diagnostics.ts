/** A step into a value: an attribute name, a list index, or a map key. */
export type PathStep = string | number | { key: string };
export type AttrPath = PathStep[];

export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  /** The attribute the diagnostic is about; Terraform underlines it in the configuration. */
  path?: AttrPath;
}

/** An error a resource throws to end an operation with a diagnostic; `state` is what exists despite it. */
export class ProviderError extends Error {
  constructor(
    readonly summary: string,
    readonly detail = '',
    readonly path?: AttrPath,
    readonly state?: Record<string, unknown> | null,
  ) {
    super(detail ? `${summary}: ${detail}` : summary);
  }
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];
  error(summary: string, detail = '', path?: AttrPath) {
    this.items.push({ severity: 'error', summary, detail, path });
  }
  warning(summary: string, detail = '', path?: AttrPath) {
    this.items.push({ severity: 'warning', summary, detail, path });
  }
  hasErrors() {
    return this.items.some((d) => d.severity === 'error');
  }
  /** Records a thrown error: a ProviderError as itself, anything else as an unexpected failure. */
  fromError(err: unknown) {
    if (err instanceof ProviderError) this.error(err.summary, err.detail, err.path);
    else this.error('Unexpected provider error', err instanceof Error ? err.message : String(err));
  }
}

/** The tfplugin6.Diagnostic message (a plain object for protobufjs). */
export function diagnosticMessage(d: Diagnostic) {
  return {
    severity: d.severity === 'error' ? 1 : 2,
    summary: d.summary,
    detail: d.detail ?? '',
    attribute: d.path?.length ? attributePathMessage(d.path) : undefined,
  };
}

export function attributePathMessage(path: AttrPath) {
  return {
    steps: path.map((s) =>
      typeof s === 'string' ? { attribute_name: s } : typeof s === 'number' ? { element_key_int: s } : { element_key_string: s.key },
    ),
  };
}
