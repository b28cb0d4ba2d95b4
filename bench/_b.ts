import { benchBundles } from "./bundles";
const r = await benchBundles(process.cwd(), 5);
console.log("floor", r.floor.initMsMedian.toFixed(1), JSON.stringify(r.stackFloors.map((f) => [f.kind, (f.countedBytes / 1024).toFixed(0), f.initMsMedian.toFixed(1)])));
for (const b of r.bundles) console.log(b.function.padEnd(20), (b.countedBytes / 1024).toFixed(1), b.layerBytes, b.initMsMedian.toFixed(1));
