// A modal panel over the window (the help, About): a dimmed backdrop holding one box,
// closed by its keys (Esc, and F1 for the help), a click on the backdrop or its close
// button, giving the focus back to where it was when it opened.

export class ModalPanel {
  private panel: HTMLElement | null = null;
  private returnFocus: HTMLElement | null = null;

  constructor(
    private root: HTMLElement,
    private id: string,
    private closeKeys: string[] = ["Escape"],
  ) {}

  /** Open and still in the page (a redraw of the whole window removes it). */
  get isOpen(): boolean {
    return this.panel?.isConnected === true;
  }

  /** The panel's element while it is open. */
  get element(): HTMLElement | null {
    return this.isOpen ? this.panel : null;
  }

  /** Opens the empty panel (the caller renders into `element`), remembering the focus. */
  open(): HTMLElement {
    if (this.panel && this.isOpen) return this.panel;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const panel = document.createElement("div");
    panel.className = "modal";
    panel.id = this.id;
    panel.setAttribute("role", "dialog");
    panel.addEventListener("keydown", (e) => {
      if (this.closeKeys.includes(e.key)) {
        e.preventDefault();
        e.stopPropagation();
        this.close();
      }
    });
    panel.addEventListener("click", (e) => {
      // A click on the dimmed backdrop closes, as the close button does.
      if (e.target === panel) this.close();
    });
    this.root.append(panel);
    this.panel = panel;
    return panel;
  }

  close(): void {
    this.panel?.remove();
    this.panel = null;
    this.returnFocus?.focus({ preventScroll: true });
    this.returnFocus = null;
  }
}
