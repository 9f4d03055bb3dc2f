import { join, resolve } from 'node:path';
import { findPublicDir, loadStaticAssets } from './static-assets';

describe(findPublicDir.name, () => {
  const projectRoot = resolve(__dirname, '../../..');
  const publicDir = join(projectRoot, 'apps', 'demo-web', 'public');

  it('finds the public folder from the source folder', () => {
    expect(findPublicDir(__dirname)).toBe(publicDir);
  });

  it('finds it from where the compiled file runs, which has no copy of the files', () => {
    expect(findPublicDir(join(projectRoot, 'dist', 'apps', 'demo-web', 'src'))).toBe(publicDir);
  });

  it('names the folder when there is none above', () => {
    expect(() => findPublicDir('/')).toThrow(/apps\/demo-web\/public/);
  });
});

describe(loadStaticAssets.name, () => {
  it('loads exactly the page, its script and its styles', async () => {
    const assets = await loadStaticAssets();

    expect([...assets.keys()].sort()).toEqual(['/app.js', '/index.html', '/styles.css']);
  });
});
