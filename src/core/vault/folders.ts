/**
 * Which folders of a vault are published: the vault's configuration may name the only
 * folders to publish (`publish`) and folders to leave out (`ignore`), as vault-relative
 * POSIX paths. The scanner asks this before it walks into a folder or keeps a file, so an
 * ignored folder (a build's output inside the vault, a `Private/` folder) is never read.
 */
export interface FolderRules {
  /** Only these folders (and their subfolders) are published; all of the vault when absent or empty. */
  publish?: readonly string[];
  /** These folders (and their subfolders) are never read. */
  ignore?: readonly string[];
}

/** `a/b/` or `./a/b` as written in a config file, as the scanner spells paths: `a/b`. */
export function normaliseFolder(folder: string): string {
  return folder.replace(/\\/g, '/').split('/').filter((part) => part !== '' && part !== '.').join('/').normalize('NFC');
}

const within = (rel: string, folder: string) => rel === folder || rel.startsWith(`${folder}/`);

/** Whether the vault-relative `rel` is read: for a folder, whether the scanner walks into it. */
export function folderFilter(rules: FolderRules | undefined): (rel: string, isFolder: boolean) => boolean {
  const publish = (rules?.publish ?? []).map(normaliseFolder);
  const ignore = (rules?.ignore ?? []).map(normaliseFolder).filter((f) => f !== '');
  if (publish.includes('')) publish.length = 0;
  return (rel, isFolder) => {
    if (ignore.some((folder) => within(rel, folder))) return false;
    if (publish.length === 0) return true;
    // A folder on the way down to a published one is walked; its own files are not published.
    return publish.some((folder) => within(rel, folder) || (isFolder && folder.startsWith(`${rel}/`)));
  };
}
