// Loads a .drawio file with draw.io's own graph codec (mxGraph's mxCodec, in jsdom) and prints
// every cell of its first page as JSON: what draw.io itself would see when it opens the file.
// Usage: node decode.js FILE.drawio
'use strict';

const fs = require('fs');
const zlib = require('zlib');
const { JSDOM } = require('jsdom');

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
// mxGraph is browser code: it reads these as globals while it loads.
for (const name of ['window', 'document', 'navigator', 'DOMParser', 'XMLSerializer', 'Node', 'Element']) {
  global[name] = name === 'window' ? dom.window : dom.window[name];
}

const mx = require('mxgraph')({ mxLoadResources: false, mxLoadStylesheets: false, mxForceIncludes: false });
// The codec looks classes up by name in the global scope (window).
for (const name of Object.keys(mx)) {
  if (mx[name] !== undefined) dom.window[name] = mx[name];
}
const { mxCodec, mxGraphModel, mxUtils } = mx;

function modelNode(text) {
  const file = mxUtils.parseXml(text).documentElement;
  if (file.nodeName === 'mxGraphModel') return file;
  if (file.nodeName !== 'mxfile') throw new Error(`not a draw.io file: <${file.nodeName}>`);
  const diagram = file.getElementsByTagName('diagram')[0];
  if (!diagram) throw new Error('no <diagram> page');
  const inner = diagram.getElementsByTagName('mxGraphModel')[0];
  if (inner) return inner;
  // A compressed page: base64 of raw deflate of the URI-encoded XML.
  const xml = decodeURIComponent(zlib.inflateRawSync(Buffer.from(diagram.textContent.trim(), 'base64')).toString());
  return mxUtils.parseXml(xml).documentElement;
}

function valueOf(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && value.attributes) {
    const attrs = {};
    for (const a of Array.from(value.attributes)) attrs[a.name] = a.value;
    return { tag: value.nodeName, attributes: attrs };
  }
  return String(value);
}

const model = new mxGraphModel();
const node = modelNode(fs.readFileSync(process.argv[2], 'utf8'));
new mxCodec(node.ownerDocument).decode(node, model);
const cells = [];
for (const id of Object.keys(model.cells)) {
  const c = model.cells[id];
  const g = c.geometry;
  cells.push({
    id: c.id,
    vertex: Boolean(c.vertex),
    edge: Boolean(c.edge),
    parent: c.parent ? c.parent.id : null,
    source: c.source ? c.source.id : null,
    target: c.target ? c.target.id : null,
    style: c.style || null,
    value: valueOf(c.value),
    geometry: g ? { x: g.x, y: g.y, width: g.width, height: g.height, relative: Boolean(g.relative),
                    points: (g.points || []).map((p) => [p.x, p.y]) } : null,
  });
}
process.stdout.write(JSON.stringify({ root: model.root ? model.root.id : null, cells }));
