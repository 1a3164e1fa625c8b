// Validate first and show the result for review; import only when it is valid and confirmed.
// The server answers with markup in the page's language (what would be imported, or a table of every
// problem: cell, indicator, unit, message), escaped on the server, so it is shown as it comes.
// While the server works, the elapsed seconds are shown (iideiWorking, dashboard.js).
function post(review) {
  var form = document.getElementById('upload'), file = form.file.files[0];
  var result = document.getElementById('result'), send = document.getElementById('send');
  if (!file) { form.file.focus(); return; }
  if (form.token && !form.token.value) { form.token.focus(); return; }
  var buttons = form.querySelectorAll('button'), working = iideiWorking(result, form.dataset.working);
  buttons.forEach(function (b) { b.disabled = true; });
  var query = '?name=' + encodeURIComponent(form.name.value) + '&file=' + encodeURIComponent(file.name) +
    '&lang=' + encodeURIComponent(form.dataset.lang) + (review ? '&review=true' : '');
  fetch('/upload' + query, { method: 'POST', headers: iideiCredentials(form), body: file })
    .then(function (r) { return r.text().then(function (text) {
      // A refusal before the upload is read (sign-in, size) is the API's JSON: its message, as text.
      if ((r.headers.get('Content-Type') || '').indexOf('text/html') === 0) {
        result.innerHTML = text;
      } else {
        result.textContent = iideiRefusal(r.status, text);
      }
      document.getElementById('check').disabled = false;
      send.disabled = !(review && r.ok && result.querySelector('[data-valid]'));
    }); })
    .catch(function (error) {
      result.textContent = '✗ ' + error;
      document.getElementById('check').disabled = false;
    })
    .finally(function () { working.stop(); });
}
document.getElementById('upload').addEventListener('submit', function (event) { event.preventDefault(); });
document.getElementById('upload').file.addEventListener('change', function () {
  document.getElementById('send').disabled = true;
});
document.getElementById('check').addEventListener('click', function () { post(true); });
document.getElementById('send').addEventListener('click', function () { post(false); });
