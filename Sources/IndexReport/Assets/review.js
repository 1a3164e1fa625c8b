// Publish the chosen run, or take the current publication back, as the signed-in reviewer or with a
// reviewer's token (iideiCredentials, dashboard.js); say what
// happened in words (the API's own message on a refusal), then show the page again as it now stands.
function review(path) {
  var form = document.getElementById('review'), result = document.getElementById('review-result');
  if (form.token && !form.token.value) { form.token.focus(); return; }
  result.textContent = '…';
  fetch(path, { method: 'POST', headers: iideiCredentials(form) })
    .then(function (r) { return r.json().then(function (body) {
      if (r.ok) {
        result.textContent = body.shownRun ? '✓ #' + body.shownRun : (body.run ? '✓ #' + body.run : '✓');
        window.location.reload();
      } else {
        result.textContent = '✗ ' + (body.error || r.status);
      }
    }); })
    .catch(function (error) { result.textContent = '✗ ' + error; });
}
if (document.getElementById('review')) {
  document.getElementById('publish').addEventListener('click', function () {
    review('/api/v1/runs/' + encodeURIComponent(document.getElementById('review').run.value) + '/publish');
  });
  document.getElementById('withdraw').addEventListener('click', function () { review('/api/v1/publications/withdraw'); });
  document.getElementById('request-review').addEventListener('click', function () {
    var form = document.getElementById('review');
    review('/api/v1/runs/' + encodeURIComponent(form.run.value) + '/review-request?note=' + encodeURIComponent(form.note.value));
  });
}
// The new-run form: the chosen dataset version and every option filled in, sent as the API's run
// request; the seconds elapsed while it runs; then the page again, at the new run's row. A refusal
// shows the API's own message, which names the option it could not read.
(function () {
  var form = document.getElementById('new-run');
  if (!form) { return; }
  var result = document.getElementById('new-run-result');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (form.token && !form.token.value) { form.token.focus(); return; }
    var options = {};
    form.querySelectorAll('[data-option]').forEach(function (input) {
      if (input.value.trim()) { options[input.name] = input.value.trim(); }
    });
    var button = document.getElementById('start-run'), working = iideiWorking(result, form.dataset.working);
    button.disabled = true;
    var headers = iideiCredentials(form);
    headers['Content-Type'] = 'application/json';
    fetch('/api/v1/runs', { method: 'POST', headers: headers, body: JSON.stringify({ dataset: form.elements.namedItem('dataset').value, options: options }) })
      .then(function (r) { return r.json().then(function (body) {
        if (r.ok) {
          // Said first, then the page again (after a moment to read it) at the new run's row.
          result.textContent = '✓ #' + body.id;
          setTimeout(function () {
            window.location.replace('/runs?lang=' + form.dataset.lang + '&run=' + body.id + '#run-' + body.id);
          }, 800);
        } else {
          result.textContent = '✗ ' + (body.error || r.status);
        }
      }); })
      .catch(function (error) { result.textContent = '✗ ' + error; })
      .finally(function () { working.stop(); button.disabled = false; });
  });
})();
