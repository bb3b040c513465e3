// The ballot log's inclusion check, again in the browser (progressive enhancement: the server
// has already checked it, and the page says so without this script). It recomputes, with the
// browser's own WebCrypto, the receipt's commitment in the leaf, the leaf hash, the path to the
// checkpoint's root (RFC 9162 §2.1.3.2) and, where the browser has Ed25519, the signature.
(function () {
  "use strict";
  var box = document.querySelector("[data-ballotlog-proof]");
  if (!box || !window.crypto || !window.crypto.subtle) {
    return;
  }
  var status = box.querySelector("[data-ballotlog-status]");
  var subtle = window.crypto.subtle;

  function bytes(hex) {
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) {
      out[i] = parseInt(hex.substr(i * 2, 2), 16);
    }
    return out;
  }
  function concat(parts) {
    var length = parts.reduce(function (n, p) { return n + p.length; }, 0);
    var out = new Uint8Array(length);
    var at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  function sha256(data) {
    return subtle.digest("SHA-256", data).then(function (d) { return new Uint8Array(d); });
  }
  function equal(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }
  function uint64(n) {
    var out = new Uint8Array(8);
    for (var i = 7; i >= 0; i--) { out[i] = n % 256; n = Math.floor(n / 256); }
    return out;
  }

  async function check() {
    var d = box.dataset;
    var leaf = bytes(d.leaf);
    var edition = parseInt(d.edition, 10);
    var receipt = new TextEncoder().encode(d.receipt);
    var domain = concat([new TextEncoder().encode("kaaring/receipt/v1"), new Uint8Array([0])]);
    var commitment = await sha256(concat([domain, uint64(edition), receipt]));
    if (!equal(commitment, leaf.slice(9, 41))) { return false; }
    var r = await sha256(concat([new Uint8Array([0]), leaf]));
    var fn = parseInt(d.index, 10);
    var sn = parseInt(d.size, 10) - 1;
    if (fn > sn) { return false; }
    var proof = d.proof ? d.proof.split(",") : [];
    for (var i = 0; i < proof.length; i++) {
      var p = bytes(proof[i]);
      if (sn === 0) { return false; }
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat([new Uint8Array([1]), p, r]));
        while (fn !== 0 && fn % 2 === 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await sha256(concat([new Uint8Array([1]), r, p]));
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && equal(r, bytes(d.root));
  }

  async function signed() {
    var d = box.dataset;
    try {
      var key = await subtle.importKey("raw", bytes(d.key), { name: "Ed25519" }, false, ["verify"]);
      return await subtle.verify({ name: "Ed25519" }, key, bytes(d.signature), bytes(d.message));
    } catch (e) {
      return null; // this browser has no Ed25519: the server's check stands
    }
  }

  status.textContent = box.dataset.textChecking;
  check().then(async function (ok) {
    if (!ok) {
      status.textContent = box.dataset.textFailed;
      return;
    }
    var signature = await signed();
    if (signature === false) {
      status.textContent = box.dataset.textFailed;
      return;
    }
    status.textContent = box.dataset.textOk + (signature ? " " + box.dataset.textSigned : "");
  }, function () {
    status.textContent = box.dataset.textFailed;
  });
})();
