/**
 * The lock file of the Python packages that ```python blocks import (python-packages.lock.json):
 * each wheel pinned by version, file name and sha256, and the pip target that selects exactly
 * those files. Pure: reading the lock, the pip requirement lines and the sha256 check; the
 * fetching is src/node/python/wheels.ts.
 */

export interface LockedWheel {
  name: string;
  version: string;
  /** The wheel's file name, as pip saves it. */
  file: string;
  sha256: string;
}

/** pip's --platform, --python-version, --implementation and --abi: they pin one file per package. */
export interface PipTarget {
  platform: string;
  pythonVersion: string;
  implementation: string;
  abi: string;
}

export interface PackageLock {
  target: PipTarget;
  packages: LockedWheel[];
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The lock as data; throws with the field that is wrong, so a broken lock is never half used. */
export function parseLock(text: string): PackageLock {
  const data = JSON.parse(text) as Partial<PackageLock>;
  const target = data.target;
  if (!target || !['platform', 'pythonVersion', 'implementation', 'abi'].every((k) => typeof target[k as keyof PipTarget] === 'string')) {
    throw new Error('python-packages.lock.json: "target" needs platform, pythonVersion, implementation and abi');
  }
  if (!Array.isArray(data.packages) || data.packages.length === 0) throw new Error('python-packages.lock.json: "packages" is empty');
  for (const p of data.packages) {
    if (!p.name || !p.version || !p.file?.endsWith('.whl') || !SHA256.test(p.sha256 ?? '')) {
      throw new Error(`python-packages.lock.json: package ${JSON.stringify(p)} needs name, version, a .whl file and a sha256`);
    }
  }
  return { target, packages: data.packages };
}

/** A pip requirements file that names each wheel by version and hash (pip's --require-hashes mode). */
export function requirementLines(wheels: readonly LockedWheel[]): string {
  return wheels.map((w) => `${w.name}==${w.version} --hash=sha256:${w.sha256}\n`).join('');
}

/** The arguments of `pip download` for the wheels missing from `dest`. */
export function pipDownloadArgs(target: PipTarget, requirements: string, dest: string): string[] {
  return [
    'download', '--only-binary=:all:', '--no-deps', '--require-hashes',
    '--platform', target.platform, '--python-version', target.pythonVersion,
    '--implementation', target.implementation, '--abi', target.abi,
    '--dest', dest, '--requirement', requirements,
  ];
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Undefined when `bytes` are the locked wheel; otherwise why they are refused. */
export async function wheelMismatch(wheel: LockedWheel, bytes: Uint8Array): Promise<string | undefined> {
  const actual = await sha256Hex(bytes);
  return actual === wheel.sha256 ? undefined : `${wheel.file}: sha256 is ${actual}, the lock says ${wheel.sha256}`;
}
