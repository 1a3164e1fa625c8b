// Validate first and show the result for review; import only when it is valid and confirmed.
// The server answers with markup in the page's language (what would be imported, or a table of every
// problem: cell, indicator, unit, message), escaped on the server, so it is shown as it comes.
// While the server works, the elapsed seconds are shown.
function post(review) {
  var form = document.getElementById('upload'), file = form.file.files[0];
  var result = document.getElementById('result'), send = document.getElementById('send');
  if (!file) { form.file.focus(); return; }
  if (form.token && !form.token.value) { form.token.focus(); return; }
  var started = Date.now(), buttons = form.querySelectorAll('button');
  function tick() {
    result.textContent = form.dataset.working + '… ' + Math.round((Date.now() - started) / 1000) + ' s';
  }
  tick();
  var timer = setInterval(tick, 1000);
  buttons.forEach(function (b) { b.disabled = true; });
  var query = '?name=' + encodeURIComponent(form.name.value) + '&file=' + encodeURIComponent(file.name) +
    '&lang=' + encodeURIComponent(form.dataset.lang) + (review ? '&review=true' : '');
  fetch('/upload' + query, { method: 'POST', headers: iideiCredentials(form), body: file })
    .then(function (r) { return r.text().then(function (text) {
      // A refusal before the upload is read (sign-in, size) is the API's JSON: its message, as text.
      if ((r.headers.get('Content-Type') || '').indexOf('text/html') === 0) {
        result.innerHTML = text;
      } else {
        try { result.textContent = '✗ ' + JSON.parse(text).error; } catch (e) { result.textContent = '✗ ' + r.status; }
      }
      document.getElementById('check').disabled = false;
      send.disabled = !(review && r.ok && result.querySelector('[data-valid]'));
    }); })
    .catch(function (error) {
      result.textContent = '✗ ' + error;
      document.getElementById('check').disabled = false;
    })
    .finally(function () { clearInterval(timer); });
}
document.getElementById('upload').addEventListener('submit', function (event) { event.preventDefault(); });
document.getElementById('upload').file.addEventListener('change', function () {
  document.getElementById('send').disabled = true;
});
document.getElementById('check').addEventListener('click', function () { post(true); });
document.getElementById('send').addEventListener('click', function () { post(false); });
