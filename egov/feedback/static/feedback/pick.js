/* The place of a new report: "use my current position" (the phone's GPS, no internet needed)
   and, when the operator runs a tile server, a map to tap. Both only fill the latitude and
   longitude fields, which stay usable by hand; without this script the form works the same. */
(function () {
  "use strict";
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  if (!lat || !lng) { return; }
  var box = document.getElementById("pick-map");
  var map = null;
  var marker = null;

  function fixed(value) { return (Math.round(value * 1e6) / 1e6).toFixed(6); }

  function show(la, lo, focus) {
    if (!map) { return; }
    if (marker) {
      marker.setLatLng([la, lo]);
    } else {
      marker = L.circleMarker([la, lo], {
        radius: 9, color: "#0b0c0c", weight: 3, fillColor: "#d4351c", fillOpacity: 0.9
      }).addTo(map);
    }
    if (focus) { map.setView([la, lo], Math.max(map.getZoom(), 16)); }
  }

  function set(la, lo, focus) {
    lat.value = fixed(la);
    lng.value = fixed(lo);
    show(la, lo, focus);
  }

  function typed() {
    var la = parseFloat(lat.value);
    var lo = parseFloat(lng.value);
    if (!isNaN(la) && !isNaN(lo) && Math.abs(la) <= 90 && Math.abs(lo) <= 180) {
      show(la, lo, true);
    }
  }

  if (box && typeof L !== "undefined") {
    map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || "" }).addTo(map);
    map.setView([parseFloat(box.dataset.lat), parseFloat(box.dataset.lng)], 6);
    typed();
    map.on("click", function (event) { set(event.latlng.lat, event.latlng.lng, false); });
    lat.addEventListener("change", typed);
    lng.addEventListener("change", typed);
    box.dataset.ready = "1";
  }

  var locate = document.querySelector("[data-locate]");
  var status = document.querySelector("[data-locate-status]");
  if (locate && status && navigator.geolocation) {
    locate.parentNode.hidden = false;
    locate.addEventListener("click", function () {
      status.textContent = locate.dataset.busy;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          set(position.coords.latitude, position.coords.longitude, true);
          status.textContent = locate.dataset.done;
        },
        function () { status.textContent = locate.dataset.failed; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }
})();
