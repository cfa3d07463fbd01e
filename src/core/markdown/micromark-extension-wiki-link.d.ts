/** Types for the tokenizer remark-wiki-link uses, which ships none; embed-syntax.ts reuses it. */
declare module 'micromark-extension-wiki-link' {
  export function syntax(options?: { aliasDivider?: string }): import('micromark-util-types').Extension;
}
