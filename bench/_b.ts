import { benchBundles } from "./bundles";

const r = await benchBundles(process.cwd(), 5);
console.log(
  "floor",
  r.floor.initMsMedian.toFixed(1),
  r.stackFloors.map((f) => `${f.kind} ${(f.countedBytes / 1024).toFixed(0)}`).join(" "),
);
for (const b of r.bundles)
  console.log(
    b.function.padEnd(20),
    (b.initBytes / 1024).toFixed(0),
    (b.sdkBytes / 1024).toFixed(0),
    (b.layerBytes / 1024).toFixed(0),
    (b.countedBytes / 1024).toFixed(0),
    b.initMsMedian.toFixed(1),
    b.breakdown
      .slice(0, 6)
      .map((e) => `${e.package} ${(e.bytes / 1024).toFixed(0)}`)
      .join(", "),
  );
