// Drives the VS Code workbench the way a user does (keyboard, mouse) and reads back what the
// user sees. Selectors were checked against screenshots of code-server 4.139 (VS Code 1.139).
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';

export type Severity = 'error' | 'warning' | 'info';

/** A row of the Problems panel. */
export interface Problem {
  file: string;
  severity: Severity;
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const EDITOR = '.part.editor .editor-group-container.active .editor-instance .monaco-editor';
const SQUIGGLES = '.squiggly-error, .squiggly-warning, .squiggly-info';
/** The hover card and the code action menu, as rendered once shown. */
const HOVER = '.monaco-hover:not(.hidden)';
export const ACTION_MENU = '.action-widget .monaco-list[aria-label="Action Widget"]';

export class Workbench {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string): Promise<Workbench> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 90_000 });
    // The explorer lists the folder once the remote file system is connected.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
    return new Workbench(page);
  }

  /** Runs a command by its palette title. */
  async command(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // Enter takes the focused row: wait until filtering has put the wanted one there.
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    // Until the filter applies, the list shows recent files with another one focused.
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.part.editor .tab.active', { hasText: name }).waitFor();
    await this.page.locator(`${EDITOR} .view-lines .view-line`).first().waitFor();
  }

  /** Puts the cursor at a 1-based line and column with Go to Line (Ctrl+G). */
  async goTo(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /**
   * Selects lines `from`..`to` as a user does: from the first line's start, Shift+Down, Shift+End.
   * The cursor ends after the last statement, so the code action menu opens beside the code.
   */
  async selectLines(from: number, to: number): Promise<void> {
    await this.goTo(from, 1);
    for (let line = from; line < to; line++) await this.page.keyboard.press('Shift+ArrowDown');
    await this.page.keyboard.press('Shift+End');
  }

  /** Saves the active editor if it has unsaved changes (a refactoring's edits are saved already by default). */
  async saveIfDirty(): Promise<void> {
    const dirty = this.page.locator('.part.editor .tab.active.dirty');
    if ((await dirty.count()) === 0) return;
    await this.page.keyboard.press('Control+S');
    await dirty.waitFor({ state: 'detached' });
  }

  /** Shows the Problems panel (Ctrl+Shift+M) unless it is showing. */
  async showProblems(): Promise<void> {
    if (!(await this.page.locator('.markers-panel').isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor();
  }

  /**
   * The rows the Problems panel shows, in order. The list is virtual: rows scrolled out of view
   * are not in the page, so this reads what fits (plenty for the small files).
   */
  async problems(): Promise<Problem[]> {
    await this.showProblems();
    // Page-side code: the repository's TypeScript has no DOM library, so elements are untyped.
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => {
      rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
      const found: Problem[] = [];
      let file = '';
      for (const row of rows) {
        const resource = row.querySelector('.resource-label-container .label-name');
        if (resource) {
          file = resource.textContent ?? '';
          continue;
        }
        const icon = row.querySelector('.marker-icon');
        const position = /Ln (\d+), Col (\d+)/.exec(row.querySelector('.marker-line')?.textContent ?? '');
        if (!icon || !position) continue;
        found.push({
          file,
          severity: icon.classList.contains('error') ? 'error' : icon.classList.contains('warning') ? 'warning' : 'info',
          message: row.querySelector('.marker-message')?.textContent ?? '',
          source: row.querySelector('.marker-source')?.textContent ?? '',
          code: row.querySelector('.marker-code')?.textContent ?? '',
          line: Number(position[1]),
          column: Number(position[2]),
        });
      }
      return found;
    });
  }

  /** The count badge of a file's row in the Problems panel (all its problems, scrolled or not). */
  async problemCount(file: string): Promise<number> {
    await this.showProblems();
    const label = await this.page
      .locator('.markers-panel .monaco-list-row[aria-label*="problems in file"]', { hasText: file })
      .first()
      .getAttribute('aria-label', { timeout: 1_000 })
      .catch(() => null);
    return label ? Number(/^(\d+) problems/.exec(label)?.[1] ?? 0) : 0;
  }

  /** The 1-based lines of the active editor that carry a squiggle, among the lines in view. */
  async squiggleLines(): Promise<number[]> {
    const editor = this.page.locator(EDITOR);
    if ((await editor.count()) === 0) return [];
    return editor.first().evaluate((root, squiggles) => {
      // Overlay rows and line-number rows of the same line share their `top`.
      const lineAtTop = new Map<string, number>();
      for (const row of root.querySelectorAll('.margin-view-overlays > div')) {
        const number = row.querySelector('.line-numbers')?.textContent;
        if (number) lineAtTop.set(row.style.top, Number(number));
      }
      const lines = new Set<number>();
      for (const squiggle of root.querySelectorAll(`.view-overlays :is(${squiggles})`)) {
        const line = lineAtTop.get(squiggle.parentElement.style.top);
        if (line) lines.add(line);
      }
      return [...lines].sort((a, b) => a - b);
    }, SQUIGGLES);
  }

  /** The token `word` on the first line in view whose text contains `lineText`. */
  token(lineText: string, word: string): Locator {
    return this.page
      .locator(`${EDITOR} .view-line`, { hasText: lineText })
      .first()
      .locator('span > span', { hasText: new RegExp(`^${word}$`) })
      .first();
  }

  /**
   * Moves the mouse onto a token and returns the hover card that appears. The editor sometimes
   * misses the first mouse move (focus still settling on a loaded machine), so the mouse leaves
   * and comes back before the last, longest wait.
   */
  async hover(token: Locator): Promise<Locator> {
    const card = this.page.locator(HOVER).first();
    for (let attempt = 1; ; attempt++) {
      await token.hover();
      try {
        await card.waitFor({ timeout: attempt < 3 ? 5_000 : 15_000 });
        return card;
      } catch (error) {
        if (attempt === 3) throw error;
        await this.page.mouse.move(0, 0);
      }
    }
  }

  /** Shows the hover at a 1-based line and column from the keyboard (where a token's span holds more than the word). */
  async hoverAt(line: number, column: number): Promise<Locator> {
    await this.goTo(line, column);
    await this.command('Show or Focus Hover');
    const card = this.page.locator(HOVER).first();
    await card.waitFor({ timeout: 15_000 });
    return card;
  }

  /**
   * Opens the code action menu (Ctrl+.) at the cursor and returns the titles it offers. A press
   * that lands while the editor still computes the lightbulb's actions may open nothing on a
   * loaded machine: then it presses again.
   */
  async codeActions(): Promise<string[]> {
    const menu = this.page.locator(ACTION_MENU);
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Control+.');
      try {
        await menu.waitFor({ timeout: 8_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    return menu.locator('.monaco-list-row.action .title').allTextContents();
  }

  async chooseCodeAction(title: string): Promise<void> {
    await this.page.locator(`${ACTION_MENU} .monaco-list-row.action`, { has: this.page.locator('.title', { hasText: title }) }).first().click();
    await this.page.locator(ACTION_MENU).waitFor({ state: 'hidden' });
  }

  /** Sets an enum setting through the Settings editor (Ctrl+,) as a user would; `settingsFile` is the user settings it writes. */
  async setEnumSetting(key: string, value: string, settingsFile: string): Promise<void> {
    await this.page.keyboard.press('Control+,');
    const settings = this.page.locator('.settings-editor');
    await settings.waitFor();
    await this.page.keyboard.type(key);
    const select = this.page.locator(`.setting-item-contents[data-key="${key}"] select`);
    await select.waitFor();
    await select.click();
    await this.page
      .locator('.monaco-select-box-dropdown-container .monaco-list-row', { hasText: new RegExp(`^${value}$`) })
      .click();
    // The editor writes the change a moment later, and closing it before then loses it: wait
    // until the user settings file has it.
    const written = new RegExp(`"${key.replace(/\./g, '\\.')}":\\s*"${value}"`);
    for (const deadline = Date.now() + 10_000; !written.test(readFileSync(settingsFile, 'utf8')); ) {
      if (Date.now() > deadline) throw new Error(`the Settings editor did not write ${key} = ${value} to ${settingsFile}`);
      await this.page.waitForTimeout(100);
    }
    await this.page.keyboard.press('Escape');
    await settings.waitFor({ state: 'hidden' });
  }

  /** The on-screen box of the active editor. */
  async editorBox(): Promise<Box> {
    const box = await this.page.locator(EDITOR).boundingBox();
    if (!box) throw new Error('no active editor on screen');
    return box;
  }

  /** The page region that holds the editor's top left and `widget`, with a margin: for README images. */
  async clipAround(widget: Locator): Promise<Box> {
    const editor = await this.editorBox();
    const shown = await widget.boundingBox();
    if (!shown) throw new Error('widget not on screen');
    const viewport = this.page.viewportSize()!;
    const right = Math.min(editor.x + editor.width, Math.max(shown.x + shown.width + 40, editor.x + 640));
    const bottom = Math.min(viewport.height, shown.y + shown.height + 16);
    return { x: editor.x, y: editor.y, width: right - editor.x, height: bottom - editor.y };
  }
}
