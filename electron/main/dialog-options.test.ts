import { describe, expect, it } from 'vitest';
import { documentSaveName, safeBaseName, saveDialogOptions } from './dialog-options';

describe('save dialog options', () => {
  it('asks before replacing on every platform (GTK needs showOverwriteConfirmation)', () => {
    const o = saveDialogOptions('shop.suptree', [{ name: 'Supervisor Studio design', extensions: ['suptree'] }]);
    expect(o.properties).toContain('showOverwriteConfirmation');
    expect(o.defaultPath).toBe('shop.suptree');
  });

  it('a suggested name never carries a folder, a leading dot, control or reserved characters', () => {
    expect(saveDialogOptions('/home/u/.profile', []).defaultPath).toBe('profile');
    expect(safeBaseName('C:\\Users\\u\\AppData\\x.png', 'F')).toBe('x.png');
    expect(safeBaseName('a\u0000b<c>.svg', 'F')).toBe('abc.svg');
    expect(safeBaseName('...', 'F')).toBe('F');
    expect(safeBaseName('CON.suptree', 'F')).toBe('F');
    expect(safeBaseName(' name. ', 'F')).toBe('name');
    expect(documentSaveName('Drill 5')).toBe('Drill 5.suptree');
    expect(documentSaveName('x.SUPTREE')).toBe('x.SUPTREE');
  });
});
