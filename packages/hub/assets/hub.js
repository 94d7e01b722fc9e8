// quai hub's few behaviours that need JavaScript; every page works without
// it (commands stay selectable, layer files have their own page). Loaded
// from /static (the Content-Security-Policy allows no inline script).
'use strict';

document.addEventListener('click', (event) => {
  const copy = event.target.closest('button.copy');
  if (copy) {
    navigator.clipboard?.writeText(copy.dataset.copy ?? '').then(() => {
      const label = copy.textContent;
      copy.textContent = document.documentElement.lang === 'fr' ? 'Copié' : 'Copied';
      setTimeout(() => { copy.textContent = label; }, 1500);
    }, () => {});
    return;
  }
  const toggle = event.target.closest('button[aria-controls][aria-expanded]');
  if (toggle) {
    const target = document.getElementById(toggle.getAttribute('aria-controls'));
    if (!target) return;
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    target.hidden = !open;
  }
});

document.addEventListener('submit', (event) => {
  const message = event.target.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
