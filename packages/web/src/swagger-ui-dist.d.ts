declare module "swagger-ui-dist" {
  /** Swagger UI's bundle (the package ships no types): renders `spec` into the element `dom_id` names. */
  export const SwaggerUIBundle: (options: { spec: object; dom_id: string }) => unknown;
}
