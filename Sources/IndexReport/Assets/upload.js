// Validate first and show the result for review; import only when it is valid and confirmed.
function post(review) {
  var form = document.getElementById('upload'), file = form.file.files[0];
  if (!file) { return; }
  fetch('/api/v1/datasets?name=' + encodeURIComponent(form.name.value) + '&file=' + encodeURIComponent(file.name) + (review ? '&review=true' : ''), {
    method: 'POST', headers: iideiCredentials(form), body: file
  }).then(function (r) { return r.text().then(function (t) {
    document.getElementById('result').textContent = t;
    document.getElementById('send').disabled = !(review && r.ok);
  }); });
}
document.getElementById('upload').addEventListener('submit', function (event) { event.preventDefault(); });
document.getElementById('check').addEventListener('click', function () { post(true); });
document.getElementById('send').addEventListener('click', function () { post(false); });
