/**
 * The only globals src/core may use: web-platform APIs that Node and browsers both have.
 * tsconfig.core.json compiles src/core with these instead of the DOM and Node libraries
 * (tests/unit/architecture.test.ts), so `document`, `window`, `process` or `Buffer` in the
 * core fail. A new shared API is declared here, with only the members the core uses.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

declare class URL {
  constructor(url: string | URL, base?: string | URL);
  href: string;
  origin: string;
  protocol: string;
  host: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
  username: string;
  password: string;
  toString(): string;
}

declare const performance: { now(): number };

declare function structuredClone<T>(value: T): T;

declare const crypto: {
  subtle: { digest(algorithm: 'SHA-256' | 'SHA-384' | 'SHA-512', data: ArrayBufferView<ArrayBuffer> | ArrayBuffer): Promise<ArrayBuffer> };
};
