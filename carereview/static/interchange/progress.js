// Keeps an SSDA903 import's progress page up to date in place, every 2 seconds, without
// reloading it (browsers without JavaScript reload the page instead: <noscript> in run.html).
// The stage is announced to screen readers when it changes (aria-live); the counts are not, to
// keep them quiet. When the import has ended the page loads once more to show the outcome.
const EVERY = 2000;
const region = document.getElementById("import-progress");

async function check() {
  let page;
  try {
    const response = await fetch(window.location.href, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    page = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch {
    window.setTimeout(check, EVERY * 3);
    return;
  }
  const fresh = page.getElementById("import-progress");
  if (!fresh || fresh.dataset.finished === "true") {
    window.location.reload();
    return;
  }
  for (const id of ["import-stage", "import-count"]) {
    const now = document.getElementById(id);
    const next = fresh.querySelector("#" + id);
    if (now && next && now.textContent !== next.textContent) now.textContent = next.textContent;
  }
  const bar = document.getElementById("import-bar");
  const nextBar = fresh.querySelector("#import-bar");
  if (bar && nextBar) {
    for (const name of ["max", "value"]) {
      if (nextBar.hasAttribute(name)) bar.setAttribute(name, nextBar.getAttribute(name));
      else bar.removeAttribute(name);
    }
    bar.textContent = nextBar.textContent;
  }
  window.setTimeout(check, EVERY);
}

if (region && region.dataset.finished !== "true") window.setTimeout(check, EVERY);
