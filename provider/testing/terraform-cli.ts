import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The Terraform CLI the end-to-end tests run: $TERRAFORM, /usr/local/bin/terraform, or terraform on PATH. */
export function findTerraform(): string {
  const candidates = [process.env.TERRAFORM, '/usr/local/bin/terraform', ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'terraform'))];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error('terraform is not installed: the Terraform end-to-end tests need it at /usr/local/bin/terraform (or $TERRAFORM)');
  return found;
}

export interface TfResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerraformWorkspace {
  dir: string;
  env: Record<string, string>;
  run(args: string[], opts?: { allowFail?: boolean }): Promise<TfResult>;
  writeConfig(hcl: string, file?: string): Promise<void>;
  /** `terraform show -json` values of the root module's resources, by address. */
  resources(): Promise<Record<string, Record<string, any>>>;
}

/**
 * A working directory whose Terraform installs certplane's provider from a filesystem mirror
 * (offline, no registry), with checkpoint calls and prompts off.
 */
export async function terraformWorkspace(opts: { dir: string; mirror: string; env: Record<string, string> }): Promise<TerraformWorkspace> {
  const terraform = findTerraform();
  await mkdir(opts.dir, { recursive: true });
  const rc = path.join(opts.dir, '.terraformrc');
  await writeFile(
    rc,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(opts.mirror)}\n    include = ["registry.terraform.io/certplane/*"]\n  }\n}\n`,
  );
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: opts.dir,
    TF_CLI_CONFIG_FILE: rc,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    ...opts.env,
  };
  const run = (args: string[], { allowFail = false } = {}) =>
    new Promise<TfResult>((resolve, reject) => {
      execFile(terraform, [...args], { cwd: opts.dir, env, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        const result = { code, stdout, stderr };
        if (code !== 0 && !allowFail) reject(new Error(`terraform ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`));
        else resolve(result);
      });
    });
  return {
    dir: opts.dir,
    env,
    run,
    writeConfig: (hcl, file = 'main.tf') => writeFile(path.join(opts.dir, file), hcl),
    async resources() {
      const show = JSON.parse((await run(['show', '-json'])).stdout);
      const list = (show.values?.root_module?.resources ?? []) as Array<{ address: string; values: Record<string, any> }>;
      return Object.fromEntries(list.map((r) => [r.address, r.values]));
    },
  };
}
