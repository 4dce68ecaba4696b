// Magistrat: small progressive enhancements. Every page works without this file.
document.addEventListener("htmx:afterSwap", (event) => {
  // After a filter swaps results in, tell screen-reader users how the page changed by moving
  // nothing: the results container is aria-live. Keep focus where the user is typing.
  if (event.detail.target && event.detail.target.id === "results") {
    event.detail.target.setAttribute("aria-busy", "false");
  }
});
document.addEventListener("htmx:beforeRequest", (event) => {
  const target = event.detail.target;
  if (target && target.id === "results") target.setAttribute("aria-busy", "true");
});

// After a failed submit the error summary takes focus (its autofocus attribute does the same
// without this file), also when htmx swapped the form in.
function focusErrorSummary(root) {
  const summary = root.querySelector(".error-summary");
  if (summary && !summary.contains(document.activeElement)) summary.focus();
}
document.addEventListener("DOMContentLoaded", () => focusErrorSummary(document));
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target) focusErrorSummary(event.detail.target);
});
// A link in the error summary moves focus into the field it names, not just the scroll position.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
  if (!link) return;
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  event.preventDefault();
  const label = field.closest("fieldset") || document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  (label || field).scrollIntoView();
  field.focus({ preventScroll: true });
});
// Browsers without ::details-content keep the "Menu" disclosure closed on wide screens too: open it.
if (!CSS.supports("selector(::details-content)") && window.matchMedia("(min-width: 50rem)").matches) {
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("details.menu-disclosure").forEach((details) => { details.open = true; });
  });
}
