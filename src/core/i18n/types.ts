/** The string table's types, apart from the table, which every language file imports (no cycle). */
import type { en } from './en.ts';

/** Plural forms by Intl.PluralRules category; `{n}` is the number. */
export type Plural = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends { other: string } ? Plural : Shape<T[K]> };

/** What every language file holds: en.ts's keys, each a text or a Plural. */
export type Strings = Shape<typeof en>;
