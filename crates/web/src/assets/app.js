// The pages' few behaviours, served from /static/app.js so that the Content-Security-Policy
// allows no inline script. Each runs only on the page that has its elements.
(function () {
  'use strict';

  // "使用当前位置": fill the form's lon/lat from the device (report and intake forms).
  var locate = document.getElementById('locate');
  if (locate) {
    locate.addEventListener('click', function () {
      var where = document.getElementById('where');
      if (!navigator.geolocation) { where.textContent = '此设备不支持定位'; return; }
      where.textContent = '正在定位…';
      navigator.geolocation.getCurrentPosition(function (p) {
        document.getElementById('lon').value = p.coords.longitude.toFixed(6);
        document.getElementById('lat').value = p.coords.latitude.toFixed(6);
        where.textContent = '已定位 ' + p.coords.longitude.toFixed(5) + ', ' + p.coords.latitude.toFixed(5);
      }, function () { where.textContent = where.getAttribute('data-fail') || '定位失败'; });
    });
  }

  // Copy buttons: copy the text of the element they name (the tracking code), say so.
  Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (b) {
    if (!navigator.clipboard) { return; }
    b.hidden = false;
    b.addEventListener('click', function () {
      var text = document.getElementById(b.getAttribute('data-copy')).textContent.trim();
      navigator.clipboard.writeText(text).then(function () { b.textContent = '已复制'; },
        function () { b.textContent = '复制失败,请长按选择'; });
    });
  });

  // Print buttons (the printed agreement).
  Array.prototype.forEach.call(document.querySelectorAll('button[data-print]'), function (b) {
    b.addEventListener('click', function () { window.print(); });
  });

  // A case's photo: posted as the raw image to the URL the form names.
  var photoForm = document.getElementById('photo-form');
  if (photoForm) {
    photoForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var file = document.getElementById('photo').files[0], status = document.getElementById('photo-status');
      if (!file) { status.textContent = '请先选择照片'; return; }
      if (file.size > 5 * 1024 * 1024) { status.textContent = '照片不能超过 5 MB'; return; }
      status.textContent = '正在上传…';
      fetch(photoForm.getAttribute('data-url'), { method: 'POST', headers: { 'Content-Type': file.type }, body: file, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? location.reload() : r.json().then(function (p) { status.textContent = p.detail || '上传失败'; }); })
        .catch(function () { status.textContent = '网络错误,请重试'; });
    });
  }

  // A team roster workbook, imported through the API with the page's session.
  var rosterForm = document.getElementById('roster-form');
  if (rosterForm) {
    rosterForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var file = document.getElementById('roster').files[0], status = document.getElementById('roster-status');
      if (!file) { status.textContent = '请先选择名册文件'; return; }
      status.textContent = '正在导入…';
      var skip = document.getElementById('skip-bad').checked;
      fetch('/api/v1/teams/roster?skip_bad=' + skip, { method: 'POST', body: file, credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.rejected) {
            var lines = p.rejected.map(function (x) { return '第 ' + x.row + ' 行:' + x.reason; });
            status.textContent = (p.written ? '已导入 ' + p.imported + ' 名队员。' : '名册未导入。') + lines.join(';');
          } else { status.textContent = p.detail || '导入失败'; }
        })
        .catch(function () { status.textContent = '网络错误,请重试'; });
    });
  }
})();
