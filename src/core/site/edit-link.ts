/**
 * "Edit this note": the URL of a note in its repository's web editor, for GitHub and
 * GitLab (their own URL forms; any other host gets no link rather than a wrong one).
 */
const HOSTS: Record<string, (repository: string, branch: string, file: string) => string> = {
  'github.com': (repository, branch, file) => `${repository}/edit/${branch}/${file}`,
  'gitlab.com': (repository, branch, file) => `${repository}/-/edit/${branch}/${file}`,
};

/** `repository`: `https://github.com/team/wiki`; `file`: the note's path in the repository. */
export function editUrl(repository: string, branch: string, file: string): string | undefined {
  let url: URL;
  try {
    url = new URL(repository.replace(/\/+$/, '').replace(/\.git$/, ''));
  } catch {
    return undefined;
  }
  const host = HOSTS[url.hostname];
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  return host ? host(`${url.origin}${url.pathname}`, encode(branch), encode(file)) : undefined;
}
