export default function afterPack(context: {
  electronPlatformName: string;
  appOutDir: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}): Promise<void>;
