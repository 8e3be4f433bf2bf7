// TDesign in miniprogram_npm ships ES modules (DevTools' "ES6 转 ES5" converts them on a phone);
// jest runs CommonJS, so those files are converted here the same way, with esbuild.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const out = transformSync(source, { loader: 'js', format: 'cjs', target: 'es2019', sourcefile: filename, sourcemap: 'inline' });
    return { code: out.code };
  },
};
