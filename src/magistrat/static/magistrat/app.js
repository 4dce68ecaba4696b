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
