// A patrol's page: draws its track (GeoJSON from the API) with Leaflet, and while the patrol
// is under way records the phone's position, posting the points to the API every 20 seconds.
(function () {
  'use strict';
  var el = document.getElementById('patrol-map');
  if (!el) { return; }
  var src = el.getAttribute('data-src');
  var map = null, line = null;

  function draw() {
    if (!window.L) { return; }
    fetch(src, { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (f) {
        if (!f.geometry.coordinates.length) { return; }
        el.hidden = false;
        if (!map) {
          map = L.map(el);
          var tiles = el.getAttribute('data-tiles');
          if (tiles) { L.tileLayer(tiles, { maxZoom: 19, subdomains: '01234567' }).addTo(map); }
        }
        if (line) { map.removeLayer(line); }
        line = L.geoJSON(f, { style: { color: '#1a73e8', weight: 4 } }).addTo(map);
        map.fitBounds(line.getBounds(), { padding: [12, 12], maxZoom: 18 });
      })
      .catch(function () {});
  }
  draw();

  var button = document.getElementById('record');
  var status = document.getElementById('record-status');
  if (!button || !navigator.geolocation) { return; }
  var buffer = [], watching = null, sent = 0;

  function flush() {
    if (!buffer.length) { return; }
    var batch = buffer.splice(0, buffer.length);
    fetch(el.getAttribute('data-points'), {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ crs: 'wgs84', points: batch })
    }).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    }).then(function (a) {
      sent += a.accepted;
      status.textContent = '已记录 ' + a.points + ' 个点,' + (a.distance_m / 1000).toFixed(2) + ' 公里' +
        (a.visited.length ? ',到达 ' + a.visited.join('、') : '');
      draw();
    }).catch(function () {
      buffer = batch.concat(buffer);
      status.textContent = '网络不通,轨迹暂存在本页,恢复后自动上传';
    });
  }

  button.addEventListener('click', function () {
    if (watching !== null) {
      navigator.geolocation.clearWatch(watching);
      watching = null;
      flush();
      button.textContent = '继续记录轨迹';
      return;
    }
    watching = navigator.geolocation.watchPosition(function (pos) {
      buffer.push({ lon: pos.coords.longitude, lat: pos.coords.latitude, at: pos.timestamp });
      status.textContent = '正在记录,待上传 ' + buffer.length + ' 个点';
    }, function () {
      status.textContent = '无法取得位置,请允许本页使用定位';
    }, { enableHighAccuracy: true, maximumAge: 5000 });
    button.textContent = '暂停记录';
  });
  setInterval(flush, 20000);
  window.addEventListener('pagehide', flush);
})();
