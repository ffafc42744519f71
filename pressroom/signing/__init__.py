"""PAdES signatures of release PDFs: the certificate hierarchy (authority), signing and
validating PDFs (pdf). Pure of Flask and the database; services.signing drives them."""
