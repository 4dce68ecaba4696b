// Magistrat: the rich-text editor of BIP items (Squire, from the npm registry, vendored by
// scripts/setup). Progressive enhancement: without this file the form's <textarea> takes plain
// text or HTML as before. The editor keeps the textarea up to date; the server checks and
// sanitises whatever arrives (core/html.py), so nothing here is a security boundary.
//
// Works under the strict CSP (script-src 'self'; style-src 'self'): no inline scripts or styles,
// no <style> elements. The toolbar is server-rendered (translated) in a <template>; every button
// is a real <button>, reachable with Tab (and with the arrow keys inside the toolbar), labelled by
// its visible text, with aria-pressed for the formats that can be on or off.
(function () {
  "use strict";

  // The tags the server keeps (core/html.py ALLOWED_TAGS), plus what Squire uses while editing.
  const ALLOWED_TAGS = [
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "a", "table", "caption", "thead", "tbody", "tr", "th", "td", "abbr", "code",
    "pre", "div", "span",
  ];
  const ALLOWED_ATTR = ["href", "title", "scope", "colspan", "rowspan"];
  const LINK = /^(https?:\/\/|mailto:|tel:|\/)/i;

  function sanitize(html) {
    // Pasted and loaded HTML enters the editor cleaned (no scripts, styles or event handlers).
    // The page's title is its only h1, and the bulletin's text headings are h2–h4: pasted
    // headings keep their rank within that range.
    html = html.replace(/<(\/?)h1\b/gi, "<$1h2").replace(/<(\/?)h[56]\b/gi, "<$1h4");
    return window.DOMPurify.sanitize(html, {
      ALLOWED_TAGS: ALLOWED_TAGS,
      ALLOWED_ATTR: ALLOWED_ATTR,
      RETURN_DOM_FRAGMENT: true,
    });
  }

  function looksLikeHTML(text) {
    return /<\s*(p|h[1-6]|ul|ol|li|table|blockquote|pre|div|br)\b/i.test(text);
  }

  function escapeText(text) {
    const div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function plainToHTML(text) {
    // The same rule as the server: a blank line starts a paragraph, a newline breaks the line.
    return text
      .replace(/\r\n?/g, "\n")
      .trim()
      .split(/\n[ \t]*\n\s*/)
      .filter((part) => part.trim())
      .map((part) => "<p>" + part.split("\n").map((line) => escapeText(line.trim())).join("<br>") + "</p>")
      .join("\n");
  }

  function retag(node, tag) {
    const replacement = document.createElement(tag);
    while (node.firstChild) replacement.appendChild(node.firstChild);
    node.replaceWith(replacement);
    return replacement;
  }

  function rename(root, from, to) {
    root.querySelectorAll(from).forEach((node) => retag(node, to));
  }

  function exportHTML(editor) {
    // Squire marks bold and italic with <b>/<i>; the bulletin stores <strong>/<em>.
    const template = document.createElement("template");
    template.innerHTML = editor.getHTML();
    const content = template.content;
    rename(content, "b", "strong");
    rename(content, "i", "em");
    // Squire wraps loose lines in <div>s; the bulletin's text has paragraphs.
    Array.from(content.querySelectorAll("div")).reverse().forEach((div) => {
      if (div.querySelector("p, div, h2, h3, h4, ul, ol, table, blockquote, pre")) div.replaceWith(...div.childNodes);
      else retag(div, "p");
    });
    // Squire keeps a typed space visible with a no-break space; between words it is a plain space.
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      node.data = node.data.replace(/(?<=\S)\u00a0(?=\S|$)/g, " ");
    }
    // A <br> that only keeps an empty line open while editing is not content.
    content.querySelectorAll("p, h2, h3, h4, li, td, th").forEach((block) => {
      const last = block.lastChild;
      if (last && last.nodeName === "BR" && block.childNodes.length > 1) last.remove();
    });
    content.querySelectorAll("p").forEach((p) => {
      if (!p.textContent.trim() && !p.querySelector("br, a")) p.remove();
      else if (p.childNodes.length === 1 && p.firstChild.nodeName === "BR") p.remove();
    });
    return template.innerHTML.trim();
  }

  function setBlocks(editor, tag) {
    // Turn the selected paragraphs into headings (or back into paragraphs).
    const blocks = "p, div, h1, h2, h3, h4, h5, h6";
    editor.modifyBlocks((fragment) => {
      const candidates = Array.from(fragment.querySelectorAll(blocks)).filter(
        (block) => !block.querySelector(blocks + ", ul, ol, table") && !block.closest("li, td, th"),
      );
      const target = candidates.length && candidates.every((b) => b.nodeName === tag) ? "P" : tag;
      candidates.forEach((block) => retag(block, target));
      return fragment;
    });
    editor.focus();
  }

  function tableHTML(caption, column) {
    const head = [1, 2].map((n) => `<th scope="col">${escapeText(column)} ${n}</th>`).join("");
    return (
      `<table data-new="1"><caption>${escapeText(caption)}</caption><thead><tr>${head}</tr></thead>` +
      "<tbody><tr><td><br></td><td><br></td></tr><tr><td><br></td><td><br></td></tr></tbody></table><p><br></p>"
    );
  }

  function enhance(textarea, template) {
    if (!window.Squire || !window.DOMPurify) return;
    const widget = template.content.firstElementChild.cloneNode(true);
    const toolbar = widget.querySelector("[role=toolbar]");
    const surface = widget.querySelector(".rte-surface");
    const linkPanel = widget.querySelector(".rte-link");
    const linkInput = linkPanel.querySelector("input");
    const linkError = linkPanel.querySelector(".rte-link-error");
    const status = widget.querySelector(".rte-status");
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    const buttons = Array.from(toolbar.querySelectorAll("button"));
    const messages = widget.dataset;

    const base = textarea.id + "-editor";
    surface.id = base;
    linkInput.id = base + "-link";
    linkPanel.querySelector("label").htmlFor = linkInput.id;
    toolbar.setAttribute("aria-controls", base);
    if (label) {
      label.id = label.id || textarea.id + "-label";
      surface.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", () => (textarea.hidden ? editor.focus() : textarea.focus()));
    }
    const described = textarea.getAttribute("aria-describedby");
    if (described) surface.setAttribute("aria-describedby", described);
    if (textarea.getAttribute("aria-invalid")) surface.setAttribute("aria-invalid", "true");

    textarea.parentNode.insertBefore(widget, textarea);
    widget.appendChild(textarea); // the HTML view shows the textarea itself, below the toolbar
    textarea.hidden = true;

    const editor = new window.Squire(surface, { blockTag: "P", sanitizeToDOMFragment: sanitize });
    const initial = textarea.value;
    editor.setHTML(looksLikeHTML(initial) || !initial.trim() ? initial : plainToHTML(initial));
    const sync = () => {
      if (textarea.hidden) textarea.value = exportHTML(editor);
    };
    editor.addEventListener("input", sync);

    const state = {
      bold: () => editor.hasFormat("B") || editor.hasFormat("STRONG"),
      italic: () => editor.hasFormat("I") || editor.hasFormat("EM"),
      ul: () => editor.hasFormat("UL"),
      ol: () => editor.hasFormat("OL"),
      heading: (button) => editor.hasFormat(button.dataset.tag),
    };
    const refresh = () => {
      buttons.forEach((button) => {
        const check = state[button.dataset.command];
        if (check) button.setAttribute("aria-pressed", String(!textarea.hidden ? false : check(button)));
      });
    };
    editor.addEventListener("pathChange", refresh);
    editor.addEventListener("select", refresh);
    editor.addEventListener("cursor", refresh);

    function openLink() {
      linkPanel.hidden = false;
      linkError.textContent = "";
      const anchor = editor.hasFormat("A") ? editor.getSelection().startContainer : null;
      const element = anchor && (anchor.nodeType === 1 ? anchor : anchor.parentElement);
      const current = element && element.closest("a");
      linkInput.value = current ? current.getAttribute("href") : "";
      savedRange = editor.getSelection();
      linkInput.focus();
    }
    let savedRange = null;
    function closeLink() {
      linkPanel.hidden = true;
      linkInput.removeAttribute("aria-invalid");
      if (savedRange) editor.setSelection(savedRange);
      editor.focus();
    }
    function applyLink() {
      let url = linkInput.value.trim();
      if (/^www\./i.test(url)) url = "https://" + url;
      if (!LINK.test(url)) {
        linkInput.setAttribute("aria-invalid", "true");
        linkError.textContent = messages.badLink;
        linkInput.focus();
        return;
      }
      linkPanel.hidden = true;
      linkInput.removeAttribute("aria-invalid");
      if (savedRange) editor.setSelection(savedRange);
      editor.makeLink(url);
      editor.focus();
      sync();
    }

    function insertTable() {
      editor.insertHTML(tableHTML(messages.tableCaption, messages.tableColumn));
      // The caret goes to the new table's caption, selected: typing gives the table its title.
      const table = surface.querySelector("table[data-new]");
      if (!table) return;
      table.removeAttribute("data-new");
      const range = document.createRange();
      range.selectNodeContents(table.querySelector("caption"));
      editor.setSelection(range);
    }

    function toggleSource(button) {
      if (textarea.hidden) {
        textarea.value = exportHTML(editor);
        textarea.hidden = false;
        surface.hidden = true;
        buttons.forEach((other) => {
          if (other !== button) other.disabled = true;
        });
        button.setAttribute("aria-pressed", "true");
        status.textContent = messages.sourceOn;
        textarea.focus();
      } else {
        editor.setHTML(looksLikeHTML(textarea.value) ? textarea.value : plainToHTML(textarea.value));
        textarea.hidden = true;
        surface.hidden = false;
        buttons.forEach((other) => (other.disabled = false));
        button.setAttribute("aria-pressed", "false");
        status.textContent = messages.sourceOff;
        sync();
        editor.focus();
      }
    }

    const commands = {
      bold: () => (state.bold() ? editor.removeBold() : editor.bold()),
      italic: () => (state.italic() ? editor.removeItalic() : editor.italic()),
      ul: () => (state.ul() ? editor.removeList() : editor.makeUnorderedList()),
      ol: () => (state.ol() ? editor.removeList() : editor.makeOrderedList()),
      heading: (button) => setBlocks(editor, button.dataset.tag),
      link: openLink,
      unlink: () => editor.removeLink(),
      table: insertTable,
      undo: () => editor.undo(),
      redo: () => editor.redo(),
      source: toggleSource,
    };
    toolbar.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button || !commands[button.dataset.command]) return;
      commands[button.dataset.command](button);
      if (button.dataset.command !== "source" && button.dataset.command !== "link") {
        editor.focus();
        sync();
      }
      refresh();
    });
    // Inside the toolbar the arrow keys, Home and End move between the buttons as well.
    toolbar.addEventListener("keydown", (event) => {
      const enabled = buttons.filter((b) => !b.disabled);
      const index = enabled.indexOf(document.activeElement);
      if (index < 0) return;
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: enabled.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      enabled[(moves[event.key] + enabled.length) % enabled.length].focus();
    });
    linkPanel.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.dataset.command === "link-apply") applyLink();
      else closeLink();
    });
    linkPanel.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // not the item form's submit
        applyLink();
      } else if (event.key === "Escape") {
        event.preventDefault();
        closeLink();
      }
    });
    textarea.form.addEventListener("submit", sync);
    sync();
  }

  function start() {
    const template = document.getElementById("rich-text-toolbar");
    if (!template) return;
    document.querySelectorAll("textarea[data-rich-text]").forEach((textarea) => enhance(textarea, template));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
