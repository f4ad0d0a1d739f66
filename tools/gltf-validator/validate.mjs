// Runs the Khronos glTF validator (npm gltf-validator, pinned in package.json) on GLB files and prints, as one JSON
// object, the validator's version and for each file its error/warning/info/hint counts and messages. Exits 1 when
// any file has errors, 2 on bad usage or a file the validator cannot read at all.
// Install: npm ci --prefix tools/gltf-validator      Usage: node tools/gltf-validator/validate.mjs A.glb [B.glb ...]
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as validator from 'gltf-validator';

const paths = process.argv.slice(2);
if (paths.length === 0) {
    console.error('usage: node validate.mjs FILE.glb [FILE.glb ...]');
    process.exit(2);
}

const files = [];
let errors = 0;
let unreadable = 0;
for (const path of paths) {
    try {
        const bytes = new Uint8Array(await readFile(path));
        // A GLB carries its buffer in the BIN chunk; an external URI would be a bug in the writer, so none is served.
        const report = await validator.validateBytes(bytes, {
            uri: basename(path),
            maxIssues: 1000,
            externalResourceFunction: (uri) => Promise.reject(new Error(`external resource ${uri} not allowed`)),
        });
        const issues = report.issues;
        errors += issues.numErrors;
        files.push({
            path,
            errors: issues.numErrors,
            warnings: issues.numWarnings,
            infos: issues.numInfos,
            hints: issues.numHints,
            messages: issues.messages.map((m) => ({ code: m.code, severity: m.severity, pointer: m.pointer, message: m.message })),
        });
    } catch (e) {
        unreadable++;
        errors++;
        files.push({ path, errors: 1, warnings: 0, infos: 0, hints: 0, messages: [{ code: 'UNREADABLE', severity: 0, message: String(e) }] });
    }
}

console.log(JSON.stringify({ validator: validator.version(), errors, files }, null, 2));
process.exit(unreadable > 0 ? 2 : errors > 0 ? 1 : 0);
