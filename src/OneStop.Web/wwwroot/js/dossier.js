// Dossier page: each action that needs input has its own small form. Without script all of them stay visible;
// with it only the one whose button was pressed (or the one that came back with errors) is shown.
(function () {
  const panels = Array.from(document.querySelectorAll('.action-panel'));
  if (panels.length === 0) return;
  const toggles = Array.from(document.querySelectorAll('[data-action-toggle]'));
  function show(id, focus) {
    panels.forEach((p) => { p.hidden = p.id !== id; });
    toggles.forEach((t) => t.setAttribute('aria-expanded', t.dataset.actionToggle === id ? 'true' : 'false'));
    const panel = document.getElementById(id);
    if (panel && focus) {
      const first = panel.querySelector('select, textarea, input:not([type=hidden])');
      if (first) first.focus();
    }
  }
  const open = panels.find((p) => p.dataset.open === 'true');
  panels.forEach((p) => { p.hidden = p !== open; });
  toggles.forEach((t) => t.addEventListener('click', () => {
    const id = t.dataset.actionToggle;
    const panel = document.getElementById(id);
    if (panel && !panel.hidden) {
      panel.hidden = true;
      t.setAttribute('aria-expanded', 'false');
    } else {
      show(id, true);
    }
  }));
})();
