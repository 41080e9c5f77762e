// Escape closes the topmost dialog wherever the focus is: every dialog handles Escape on its own element
// (@keydown.esc), so a key pressed outside it (focus on the page, a canvas, a chart) is handed to it.
export function installEscapeForDialogs(): void {
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    const dialogs = document.querySelectorAll<HTMLElement>('.modal-backdrop .modal');
    const top = dialogs[dialogs.length - 1];
    if (!top || top.contains(document.activeElement) || top.contains(e.target as Node)) return;
    top.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true, cancelable: true }));
  });
}
