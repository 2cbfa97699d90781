pub(crate) mod keywords;
