/**
 * The four row-lock strengths, weakest first, named as PostgreSQL's locking clauses name them
 * (FOR KEY SHARE … FOR UPDATE). Their own module: the statement classifier, the row store and
 * the lock tables all speak of them, and none of those may import another for it.
 */
export type RowLockMode = 'key share' | 'share' | 'no key update' | 'update';
