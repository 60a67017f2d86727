/** The product's name as people see it: window titles, the About box, the data directory, `app.info`. */
export const PRODUCT_NAME = 'Agent Warden';
