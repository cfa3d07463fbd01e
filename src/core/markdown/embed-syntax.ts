/**
 * `![[…]]` embeds. remark-wiki-link parses `[[…]]` but not the embed form (micromark's
 * image opener `![` takes the `!` first), so this extension claims the `!` and hands
 * the rest to the very same wiki-link tokenizer; a from-markdown handler then marks the
 * resulting `wikiLink` node as an embed and widens its position to include the `!`.
 */
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import type { CompileContext, Extension as FromMarkdownExtension, Token } from 'mdast-util-from-markdown';
import { syntax as wikiLinkSyntax } from 'micromark-extension-wiki-link';

const BANG = 33;
const OPEN_BRACKET = 91;

export function embedSyntax(options: { aliasDivider: string }): Extension {
  const wikiLink = (wikiLinkSyntax(options) as { text: Record<number, Construct> }).text[OPEN_BRACKET];
  const construct: Construct = {
    name: 'wikiEmbed',
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      return (code: Code) => {
        if (code !== BANG) return nok(code);
        effects.enter('wikiEmbed' as never);
        effects.enter('wikiEmbedMarker' as never);
        effects.consume(code);
        effects.exit('wikiEmbedMarker' as never);
        return effects.attempt(wikiLink, after, nok);
      };
      function after(code: Code): State | undefined {
        effects.exit('wikiEmbed' as never);
        return ok(code);
      }
    },
  };
  return { text: { [BANG]: construct } };
}

export const embedFromMarkdown: FromMarkdownExtension = {
  exit: {
    wikiEmbed(this: CompileContext, token: Token) {
      const parent = this.stack[this.stack.length - 1] as { children?: { type: string; data?: object; position?: { start: object } }[] };
      const node = parent.children?.[parent.children.length - 1];
      if (node?.type !== 'wikiLink') return;
      node.data = { ...node.data, embed: true };
      if (node.position) node.position.start = { ...token.start };
    },
  },
};
