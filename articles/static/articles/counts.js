// Counts under the headline, the standfirst and the body as they are typed: characters, and
// for the body its words and an estimated reading time (the saved story's own estimate, made
// by the server from every part of the story, is in "Reading time").
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const settings = document.getElementById("typed-counts");
  const wordsPerMinute = Number((settings && settings.dataset.wordsPerMinute) || 200);
  function counter(field, describe) {
    const input = document.querySelector(`[name="${field}"]`);
    if (!input) return;
    const line = document.createElement("div");
    line.className = "typed-count";
    line.id = `${field}-count`;
    line.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", line);
    const update = () => { line.textContent = describe(input.value); };
    input.addEventListener("input", update);
    update();
  }
  const characters = (text) => `${[...text].length} characters`;
  counter("headline", characters);
  counter("standfirst", characters);
  counter("body", (text) => {
    const words = (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.,-]*/gu) || []).length;
    const minutes = Math.max(1, Math.ceil(words / wordsPerMinute));
    return `${words} words, about ${minutes} min to read`;
  });
});
