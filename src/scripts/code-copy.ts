/**
 * The Copy button of code blocks' headers (src/core/render/code-header.ts): copies the
 * block's code as written (a runnable block's edited text when its editor is open) and says
 * so on the button for a moment. One listener on the document serves every page.
 */
const SAID_FOR_MS = 1600;

function codeOf(button: Element): string {
  const header = button.closest('.code-header');
  const editor = header?.parentElement?.querySelector('.cm-content');
  if (editor && (editor as HTMLElement).offsetParent !== null) {
    return [...editor.querySelectorAll('.cm-line')].map((line) => line.textContent ?? '').join('\n');
  }
  let next = header?.nextElementSibling;
  while (next && next.tagName !== 'PRE') next = next.nextElementSibling;
  return next?.querySelector('code')?.textContent ?? next?.textContent ?? '';
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard API (an insecure origin, an old browser): the selection way.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (!copied) throw new Error('copy refused');
  }
}

let listening = false;

export function setupCodeCopy(): void {
  if (listening) return;
  listening = true;
  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest?.<HTMLButtonElement>('.code-copy');
    if (!button) return;
    const label = button.dataset.label ?? button.textContent ?? '';
    button.dataset.label = label;
    void copy(codeOf(button)).then(
      () => {
        button.textContent = button.dataset.copied ?? label;
        button.classList.add('is-copied');
        setTimeout(() => {
          button.textContent = label;
          button.classList.remove('is-copied');
        }, SAID_FOR_MS);
      },
      () => undefined,
    );
  });
}
