// Registration form: shows the fee the procedure's rules give for the copies, pages and options typed so far.
// The server computes it (GET /api/procedures/{code}/fee); the same rules price the dossier when it is accepted.
(function () {
  const preview = document.querySelector('[data-fee-url]');
  if (!preview) return;
  const form = preview.closest('form');
  const value = (name) => form.querySelector(`[name="${name}"]`);
  let latest = 0;
  async function update() {
    const request = ++latest;
    const params = new URLSearchParams({
      copies: value('Input.Copies')?.value || '1',
      pagesPerCopy: value('Input.PagesPerCopy')?.value || '1',
      late: value('Input.LateRegistration')?.checked ? 'true' : 'false',
      online: value('Input.Channel')?.value === 'Online' ? 'true' : 'false',
    });
    try {
      const response = await fetch(`${preview.dataset.feeUrl}?${params}`, { headers: { Accept: 'application/json' } });
      const body = await response.json();
      if (request !== latest) return; // an answer to an older input arrived late: keep the newest
      preview.textContent = response.ok ? body.totalText : (body.title || '—');
    } catch {
      if (request === latest) preview.textContent = '—';
    }
  }
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
})();
