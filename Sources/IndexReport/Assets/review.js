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
        result.textContent = body.shownRun ? '✓ #' + body.shownRun : '✓';
        window.location.reload();
      } else {
        result.textContent = '✗ ' + (body.error || r.status);
      }
    }); })
    .catch(function (error) { result.textContent = '✗ ' + error; });
}
document.getElementById('publish').addEventListener('click', function () {
  review('/api/v1/runs/' + encodeURIComponent(document.getElementById('review').run.value) + '/publish');
});
document.getElementById('withdraw').addEventListener('click', function () { review('/api/v1/publications/withdraw'); });
