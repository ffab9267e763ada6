// The builder pipeline; stages live in the folders beside this file.
