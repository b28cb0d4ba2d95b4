/** Secrets, set per stage with `npx sst secret set JwtSecret <value> --stage <stage>`. */
export const secrets = {
  jwtSecret: new sst.Secret("JwtSecret"),
};
